using System.Globalization;
using Examples.Spiral;
using NetForge;
using NetForge.Plots;

// Shows why non-linearity matters: a linear classifier cannot separate three spiral arms; two tanh layers can.
// Usage: Spiral [--plot PICTURE.png] [--save DIRECTORY]. --plot draws both models' decision regions side by side;
// --save writes their weights (SpiralNet.safetensors, LinearClassifier.safetensors) and the points (spiral.csv,
// x,y,label), which `netforge plot boundary` draws from.
string? plot = null, save = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--plot" when i + 1 < args.Length:
            plot = args[++i];
            break;
        case "--save" when i + 1 < args.Length:
            save = args[++i];
            break;
        default:
            Console.Error.WriteLine("usage: Spiral [--plot PICTURE.png] [--save DIRECTORY]");
            return 2;
    }
}
var report = SpiralTraining.Run();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"tanh network (spiral.net SpiralNet): training accuracy {report.Network:F3}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"linear classifier (spiral.net LinearClassifier): training accuracy {report.Linear:F3}"));
if (plot is not null)
{
    DecisionBoundary.Draw(
    [
        (string.Create(CultureInfo.InvariantCulture, $"LinearClassifier: {report.Linear:F2}"), report.LinearClassifier),
        (string.Create(CultureInfo.InvariantCulture, $"SpiralNet: {report.Network:F2}"), report.TanhNetwork),
    ], report.Points).Save(plot);
    Console.WriteLine($"decision regions drawn to {plot}");
}
if (save is not null)
{
    report.TanhNetwork.SaveWeights(Path.Combine(save, "SpiralNet.safetensors"));
    report.LinearClassifier.SaveWeights(Path.Combine(save, "LinearClassifier.safetensors"));
    using var points = new StreamWriter(Path.Combine(save, "spiral.csv"));
    points.WriteLine("x,y,label");
    for (var i = 0; i < report.Points.Count; i++)
        points.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{report.Points.Sample(i)[0]:R},{report.Points.Sample(i)[1]:R},{report.Points.Label(i)}"));
    Console.WriteLine($"weights and points saved to {save}");
}
return 0;
