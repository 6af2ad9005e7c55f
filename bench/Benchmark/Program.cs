using System.Diagnostics;
using System.Globalization;
using Examples.FashionMnist;
using NetForge;

// The end-to-end benchmark of docs/benchmark: trains each network on Fashion-MNIST with Adam 1e-3 and
// batch 64, then prints one line per network. Peak memory goes to standard error.
// Usage: Benchmark [--network mlp|lenet5|all] [--epochs N]
var networks = new (string Key, string Name, Func<INetwork> Create)[]
{
    ("mlp", "mlp-784-256-128-10", () => new Mlp(seed: 0)),
    ("lenet5", "lenet5", () => new LeNet5(seed: 0)),
};
var which = "all";
var epochs = 1;
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--network" && i + 1 < args.Length)
        which = args[++i];
    else if (args[i] == "--epochs" && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0)
    {
        epochs = n;
        i++;
    }
    else
    {
        Console.Error.WriteLine("usage: Benchmark [--network mlp|lenet5|all] [--epochs N]");
        return 2;
    }
}

var (train, test) = FashionMnist.Load();
foreach (var (key, name, create) in networks)
{
    if (which != "all" && which != key)
        continue;
    var network = create();
    var trainer = new Trainer(network, new Adam(1e-3f), new TrainerOptions { BatchSize = 64, Seed = 0, Log = null });
    var history = trainer.Fit(train, epochs);
    var accuracy = network.Evaluate(test).Accuracy;
    var predictMicroseconds = TimePredict(network, test);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"netforge {name}: epoch_s={history.Average(e => e.Seconds):F2} test_acc={accuracy:F4} predict1_us={predictMicroseconds:F1} threads=1"));
}
Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0):F0} MB"));
return 0;

// Mean time of one single-image prediction over 2,000 calls, after 50 calls of warm-up.
static double TimePredict(INetwork network, Dataset test)
{
    var output = new float[network.OutputLength];
    for (var i = 0; i < 50; i++)
        network.Predict(test.Sample(i), output);
    var clock = Stopwatch.StartNew();
    for (var i = 0; i < 2000; i++)
        network.Predict(test.Sample(i), output);
    return clock.Elapsed.TotalMicroseconds / 2000;
}
