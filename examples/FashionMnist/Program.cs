using System.Globalization;
using Examples.FashionMnist;
using NetForge;

// Trains networks on Fashion-MNIST with the benchmark's protocol and prints their test accuracy.
// Usage: FashionMnist [--model NAME[,NAME...]] [--epochs N] [--data DIRECTORY] [--save DIRECTORY]
// With --save, each trained network's weights are written to DIRECTORY/NAME.safetensors.
var models = new Dictionary<string, Func<INetwork>>
{
    ["mlp"] = () => new Mlp(seed: 0),
    ["mlp-attributes"] = () => new AttributeMlp(seed: 0),
    ["lenet5"] = () => new LeNet5(seed: 0),
    ["lenet5-attributes"] = () => new AttributeLeNet5(seed: 0),
    ["residual"] = () => new ResidualNet(seed: 0),
    ["vgg"] = () => new VggNet(seed: 0),
    ["vgg-bn"] = () => new VggBnNet(seed: 0),
};
// Five MLPs of seeds 0 to 4 and their ensembles, trained and reported together.
const string EnsembleModel = "mlp-ensemble";
// The deep plain networks of models/deep.net, which differ only in their initialiser, trained with SGD side by side.
const string InitialisationModel = "deep-init";
// LeNet-5 pretrained on classes 0 to 4, then classes 5 to 9 from 50 images each: from scratch, frozen features, fine-tuned.
// --epochs sets the pretraining's epochs.
const string TransferModel = "transfer";
// LeNet-5 on the first 6,000 training images, without and with augmentation, trained and reported together.
const string AugmentationModel = "lenet5-augmentation";
var usage = $"usage: FashionMnist [--model NAME[,NAME...]] [--epochs N] [--data DIRECTORY] [--save DIRECTORY]; models: {string.Join(", ", models.Keys)}, {EnsembleModel}, {InitialisationModel}, {TransferModel}, {AugmentationModel}";
var chosen = new[] { "mlp", "mlp-attributes", "lenet5", "lenet5-attributes" };
var epochs = 1;
string? directory = null;
string? save = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--model" when i + 1 < args.Length:
            chosen = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            break;
        case "--epochs" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0:
            epochs = n;
            i++;
            break;
        case "--data" when i + 1 < args.Length:
            directory = args[++i];
            break;
        case "--save" when i + 1 < args.Length:
            save = args[++i];
            break;
        default:
            Console.Error.WriteLine($"unknown or incomplete argument '{args[i]}'");
            Console.Error.WriteLine(usage);
            return 2;
    }
}
if (chosen.FirstOrDefault(name => !models.ContainsKey(name) && name is not (EnsembleModel or InitialisationModel or TransferModel or AugmentationModel)) is { } unknown)
{
    Console.Error.WriteLine($"unknown model '{unknown}'");
    Console.Error.WriteLine(usage);
    return 2;
}

(Dataset Train, Dataset Test) data;
try
{
    data = FashionMnist.Load(directory);
}
catch (Exception e) when (e is FileNotFoundException or InvalidDataException)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}

foreach (var name in chosen)
{
    if (name == EnsembleModel)
    {
        var ensemble = FashionMnistEnsemble.Train(5, data.Train, data.Test, epochs, log: null);
        for (var seed = 0; seed < ensemble.Members.Count; seed++)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"mlp-ensemble: member seed {seed} test_acc={ensemble.Members[seed]:F4}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"mlp-ensemble: average test_acc={ensemble.Average:F4} vote test_acc={ensemble.Vote:F4} best member {ensemble.Members.Max():F4}"));
        continue;
    }
    if (name == InitialisationModel)
    {
        foreach (var row in FashionMnistInitialisation.Train(data.Train, data.Test, epochs, log: null))
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"deep-init: {row.Network} init={row.Init} train_loss={row.TrainLoss:F4} test_acc={row.TestAccuracy:F4}"));
        continue;
    }
    if (name == TransferModel)
    {
        var transfer = FashionMnistTransfer.Run(data.Train, data.Test, new FashionMnistTransfer.Settings(PretrainEpochs: epochs));
        Console.WriteLine($"transfer: {transfer.Load}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"transfer: pretrained on classes 0-4 test_acc={transfer.Pretrained:F4}; classes 5-9 from 50 images each: scratch test_acc={transfer.Scratch:F4} features test_acc={transfer.Features:F4} fine-tuned test_acc={transfer.FineTuned:F4}"));
        continue;
    }
    if (name == AugmentationModel)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: LeNet-5 on the first {FashionMnistAugmentation.TrainingImages:N0} training images, {epochs} epoch(s), Adam 1e-3, batch 64"));
        var comparison = FashionMnistAugmentation.Train(data.Train, data.Test, FashionMnistAugmentation.TrainingImages, epochs, log: null);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: without augmentation test_acc={comparison.Without.Accuracy:F4} test_loss={comparison.Without.MeanLoss:F4}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: RandomTranslation(1) test_acc={comparison.With.Accuracy:F4} test_loss={comparison.With.MeanLoss:F4}"));
        continue;
    }
    var network = models[name]();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name}: {network.Parameters.Sum(p => p.Length):N0} parameters, {epochs} epoch(s), Adam 1e-3, batch 64"));
    var report = FashionMnistTraining.Train(name, network, data.Train, data.Test, epochs, Console.Out);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name}: test_acc={report.Test.Accuracy:F4} test_loss={report.Test.MeanLoss:F4} epoch_s={report.SecondsPerEpoch:F2}"));
    if (save is not null)
    {
        Directory.CreateDirectory(save);
        var path = Path.Combine(save, name + ".safetensors");
        network.SaveWeights(path);
        Console.WriteLine($"{name}: weights saved to {path}");
    }
}
return 0;
