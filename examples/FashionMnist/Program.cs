using System.Globalization;
using Examples.FashionMnist;
using NetForge;

// Trains the benchmark MLP on Fashion-MNIST, declared once in models/mlp.net and once with attributes.
// Usage: FashionMnist [--model mlp|attributes|both] [--epochs N] [--data DIRECTORY]
var model = "both";
var epochs = 1;
string? directory = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--model" when i + 1 < args.Length:
            model = args[++i];
            break;
        case "--epochs" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0:
            epochs = n;
            i++;
            break;
        case "--data" when i + 1 < args.Length:
            directory = args[++i];
            break;
        default:
            Console.Error.WriteLine($"unknown or incomplete argument '{args[i]}'");
            Console.Error.WriteLine("usage: FashionMnist [--model mlp|attributes|both] [--epochs N] [--data DIRECTORY]");
            return 2;
    }
}

(Dataset Train, Dataset Test) data;
try
{
    data = FashionMnist.Load(directory);
}
catch (FileNotFoundException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}
catch (InvalidDataException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}

var networks = new List<(string Name, INetwork Network)>();
if (model is "mlp" or "both")
    networks.Add(("mlp (models/mlp.net)", new Mlp(seed: 0)));
if (model is "attributes" or "both")
    networks.Add(("mlp (attributes)", new AttributeMlp(seed: 0)));
if (networks.Count == 0)
{
    Console.Error.WriteLine($"unknown model '{model}'; choose mlp, attributes or both");
    return 2;
}

foreach (var (name, network) in networks)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name}: {network.Parameters.Sum(p => p.Length):N0} parameters, {epochs} epoch(s), Adam 1e-3, batch 64"));
    var report = FashionMnistTraining.Train(name, network, data.Train, data.Test, epochs, Console.Out);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name}: test_acc={report.Test.Accuracy:F4} test_loss={report.Test.MeanLoss:F4} epoch_s={report.SecondsPerEpoch:F2}"));
}
return 0;
