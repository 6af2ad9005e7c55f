using System.Globalization;
using Examples.Spiral;

// Shows why non-linearity matters: a linear classifier cannot separate three spiral arms; two tanh layers can.
var report = SpiralTraining.Run();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"tanh network (spiral.net SpiralNet): training accuracy {report.Network:F3}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"linear classifier (spiral.net LinearClassifier): training accuracy {report.Linear:F3}"));
return 0;
