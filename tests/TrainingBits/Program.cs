using System.Globalization;
using System.Runtime.Intrinsics;
using Examples.FashionMnist;
using NetForge;
using NetForge.Benchmark;
using NetForge.TrainingBits;

// Trains every example network a few steps on random samples, and with --fashion-mnist N also the MLP and LeNet-5
// for an epoch on the first N training images, printing one line per network with the hash of its weights. The
// first line says which vector width the kernels ran at, so that a caller can tell the width was really limited.
// Usage: TrainingBits [--fashion-mnist N] [--threads N]
var images = 0;
var threads = 1;
for (var i = 0; i + 1 < args.Length; i += 2)
{
    if (!int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1
        || args[i] is not ("--fashion-mnist" or "--threads"))
    {
        Console.Error.WriteLine("usage: TrainingBits [--fashion-mnist N] [--threads N]");
        return 2;
    }
    if (args[i] == "--fashion-mnist")
        images = n;
    else
        threads = n;
}

var lanes = Vector512.IsHardwareAccelerated ? 16 : Vector256.IsHardwareAccelerated ? 8 : Vector128.IsHardwareAccelerated ? 4 : 1;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"lanes={lanes}"));

var examples = ExampleNetworks.Types();
// Each optimizer in turn, so that every update rule runs at every width.
Func<IOptimizer>[] optimizers = [() => new Adam(1e-3f), () => new Sgd(1e-2f, momentum: 0.9f), () => new RmsProp(1e-3f), () => new AdamW(1e-3f)];
for (var i = 0; i < examples.Count; i++)
{
    var network = (INetwork)Activator.CreateInstance(examples[i], 1)!;
    var options = new TrainerOptions { BatchSize = 8, Seed = 2, Log = null, Threads = threads, DropLast = false };
    // 19 samples make two full batches of 8 and a last one of 3.
    new Trainer(network, optimizers[i % optimizers.Length](), options).Fit(ExampleNetworks.RandomSamples(network, 19, seed: i), epochs: 1);
    Console.WriteLine($"{examples[i].FullName} {WeightsHash.Of(network)}");
}

if (images > 0)
{
    var (train, _) = FashionMnist.Load();
    foreach (var network in new INetwork[] { new Mlp(seed: 0), new LeNet5(seed: 0) })
    {
        var options = new TrainerOptions { BatchSize = 64, Seed = 0, Log = null, Threads = threads };
        new Trainer(network, new Adam(1e-3f), options).Fit(train.Take(images), epochs: 1);
        Console.WriteLine($"fashion-mnist {network.GetType().Name} {WeightsHash.Of(network)}");
    }
}
return 0;
