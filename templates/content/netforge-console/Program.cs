using Models;
using NetForge;

// Trains the network of model.net on Fashion-MNIST, reports its test accuracy and saves its weights.
// Usage: dotnet run [-- EPOCHS]. The data set comes from `apt-get install dataset-fashion-mnist` (Debian), or from
// the four Fashion-MNIST files in a directory named by the NETFORGE_DATA environment variable.
var epochs = args.Length > 0 && int.TryParse(args[0], out var n) && n > 0 ? n : 1;
(Dataset Train, Dataset Test) data;
try
{
    data = FashionMnist.Load(Environment.GetEnvironmentVariable("NETFORGE_DATA"));
}
catch (DatasetNotFoundException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}

var network = new Classifier(seed: 0);
var trainer = new Trainer(network, new Adam(1e-3f), new TrainerOptions { BatchSize = 64, Threads = Environment.ProcessorCount });
trainer.Fit(data.Train, epochs, validation: data.Test);

var test = network.Evaluate(data.Test);
Console.WriteLine($"test accuracy {test.Accuracy:F4}");
network.SaveWeights("classifier.safetensors");
Console.WriteLine("weights saved to classifier.safetensors");
return 0;
