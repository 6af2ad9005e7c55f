using System.Globalization;
using Examples.Spiral;
using NetForge;
using NetForge.Plots;

// Shows why non-linearity matters: a linear classifier cannot separate three spiral arms; two tanh layers can.
// Usage: Spiral [--plot PICTURE.png], which also draws both models' decision regions side by side.
string? plot = null;
if (args is ["--plot", var path])
    plot = path;
else if (args.Length > 0)
{
    Console.Error.WriteLine("usage: Spiral [--plot PICTURE.png]");
    return 2;
}
var report = SpiralTraining.Run();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"tanh network (spiral.net SpiralNet): training accuracy {report.Network:F3}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"linear classifier (spiral.net LinearClassifier): training accuracy {report.Linear:F3}"));
if (plot is not null)
{
    DecisionBoundary.Draw(
    [
        (string.Create(CultureInfo.InvariantCulture, $"linear: {report.Linear:F2}"), report.LinearClassifier),
        (string.Create(CultureInfo.InvariantCulture, $"tanh network: {report.Network:F2}"), report.TanhNetwork),
    ], report.Points).Save(plot);
    Console.WriteLine($"decision regions drawn to {plot}");
}
return 0;
