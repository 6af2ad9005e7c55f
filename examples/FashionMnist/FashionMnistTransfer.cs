using NetForge;

namespace Examples.FashionMnist;

/// <summary>
/// The lectures' table of transfer learning in miniature: LeNet-5 is trained on Fashion-MNIST's classes 0 to 4 (T-shirt,
/// trouser, pullover, dress, coat), then classes 5 to 9 (sandal, shirt, sneaker, bag, ankle boot) are learned from a
/// few labelled images each, three ways: from scratch, with the pretrained features frozen and a new head trained, and
/// then fine-tuned, every layer unfrozen at a tenth of the learning rate.
/// </summary>
public static class FashionMnistTransfer
{
    /// <summary>The settings of a run.</summary>
    /// <param name="PretrainEpochs">Epochs of LeNet-5 on every training image of classes 0 to 4.</param>
    /// <param name="PerClass">Labelled training images of each of classes 5 to 9.</param>
    /// <param name="Epochs">Epochs on those images, from scratch and for the new head.</param>
    /// <param name="FineTuneEpochs">Epochs of fine-tuning after the head.</param>
    /// <param name="Seed">The seed of every network and shuffle.</param>
    public sealed record Settings(int PretrainEpochs = 2, int PerClass = 50, int Epochs = 30, int FineTuneEpochs = 20, int Seed = 0);

    /// <summary>Test accuracies on every test image of classes 5 to 9, and what the pretrained weights gave.</summary>
    /// <param name="Pretrained">The pretrained LeNet-5's accuracy on the test images of classes 0 to 4.</param>
    /// <param name="Scratch">Trained from scratch on the few images.</param>
    /// <param name="Features">The pretrained features frozen, a new head trained on the few images.</param>
    /// <param name="FineTuned">That network with every layer unfrozen and trained further at a tenth of the rate.</param>
    /// <param name="Load">What loading the pretrained weights into the five-class network took and skipped.</param>
    public sealed record Report(double Pretrained, double Scratch, double Features, double FineTuned, WeightLoadReport Load);

    /// <summary>Runs the three ways on <paramref name="train"/> and <paramref name="test"/>, Fashion-MNIST's two sets.</summary>
    public static Report Run(Dataset train, Dataset test, Settings settings, TextWriter? log = null)
    {
        // The pretrained network keeps LeNet5's ten outputs; it only ever sees the labels 0 to 4.
        var pretrained = new LeNet5(settings.Seed);
        Fit(pretrained, new Adam(1e-3f), Classes(train, 0, classCount: 10), 64, settings.PretrainEpochs, settings.Seed, log);
        var pretrainedAccuracy = pretrained.Evaluate(Classes(test, 0, classCount: 10)).Accuracy;
        using var weights = new MemoryStream();
        pretrained.SaveWeights(weights);

        var few = Classes(train, 5, classCount: 5, perClass: settings.PerClass);
        var newTest = Classes(test, 5, classCount: 5);
        var batch = Math.Min(25, few.Count);

        var scratch = new LeNet5FiveClasses(settings.Seed);
        Fit(scratch, new Adam(1e-3f), few, batch, settings.Epochs + settings.FineTuneEpochs, settings.Seed, log);

        var transferred = new LeNet5FiveClasses(settings.Seed);
        weights.Position = 0;
        var load = transferred.LoadWeights(weights, new WeightLoadOptions { Partial = true }, "LeNet-5 of classes 0 to 4");
        transferred.FreezeUpTo("features");
        Fit(transferred, new Adam(1e-3f), few, batch, settings.Epochs, settings.Seed, log);
        var features = transferred.Evaluate(newTest).Accuracy;

        transferred.Unfreeze();
        Fit(transferred, new Adam(1e-4f), few, batch, settings.FineTuneEpochs, settings.Seed, log);

        return new Report(pretrainedAccuracy, scratch.Evaluate(newTest).Accuracy, features, transferred.Evaluate(newTest).Accuracy, load);
    }

    private static void Fit(INetwork network, IOptimizer optimizer, Dataset data, int batch, int epochs, int seed, TextWriter? log) =>
        new Trainer(network, optimizer, new TrainerOptions { BatchSize = batch, Seed = seed, Log = log }).Fit(data, epochs);

    /// <summary>The samples of the five classes from <paramref name="first"/> on, relabelled from 0, at most
    /// <paramref name="perClass"/> of each (the first in the set's order).</summary>
    private static Dataset Classes(Dataset data, int first, int classCount, int perClass = int.MaxValue)
    {
        var taken = new int[5];
        var indices = new List<int>();
        for (var i = 0; i < data.Count; i++)
        {
            var label = data.Label(i) - first;
            if (label is >= 0 and < 5 && taken[label] < perClass)
            {
                taken[label]++;
                indices.Add(i);
            }
        }
        var features = new float[indices.Count * data.SampleSize];
        var labels = new int[indices.Count];
        for (var j = 0; j < indices.Count; j++)
        {
            data.Sample(indices[j]).CopyTo(features.AsSpan(j * data.SampleSize));
            labels[j] = data.Label(indices[j]) - first;
        }
        return new Dataset(features, data.SampleSize, labels, classCount);
    }
}
