using System.Globalization;
using Examples.SineRegression;

// Fits sin(x) with a small tanh network trained on the mse loss.
var meanSquaredError = SineFit.Run();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"mean squared error of the fit on [-pi, pi]: {meanSquaredError:F5}"));
return 0;
