using System.Diagnostics;
using System.Globalization;
using Examples.FashionMnist;
using NetForge;
using NetForge.Benchmark;
using NetForge.Gpu;

// The end-to-end benchmark of the shared protocol: measures this machine's fp32 FMA peak, then trains each network on
// Fashion-MNIST with Adam 1e-3 and prints one line per network, its epoch time beside the limit that peak sets.
// Usage: Benchmark [--network NAME[,NAME...]] [--epochs N] [--batch N] [--threads N] [--device cpu|gpu] [--samples N]
// [--data DIR], names mlp, lenet5 (the default pair), residual, vgg or all; --samples trains on the first N training
// images only, for a quick run (the protocol's figures are of all 60,000); --data reads Fashion-MNIST from DIR. With --device gpu the networks train on the GPU runtime's device
// (CUDA, else OpenCL, else ILGPU's CPU accelerator), each time beside the limit of that device's own measured peak.
var networks = new (string Key, string Name, Func<INetwork> Create)[]
{
    ("mlp", "mlp-784-256-128-10", () => new Mlp(seed: 0)),
    ("lenet5", "lenet5", () => new LeNet5(seed: 0)),
    ("residual", "residual", () => new ResidualNet(seed: 0)),
    ("vgg", "vgg", () => new VggNet(seed: 0)),
};
const string Usage = "usage: Benchmark [--network mlp|lenet5|residual|vgg|all[,...]] [--epochs N] [--batch N] [--threads N] [--device cpu|gpu] [--samples N] [--data DIR]";
string[] which = ["mlp", "lenet5"];
var epochs = 1;
var batch = 64;
var threads = Environment.ProcessorCount;
var onGpu = false;
int? samplesToTrain = null;
string? data = null;
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--data" && i + 1 < args.Length)
        data = args[++i];
    else if (args[i] == "--device" && i + 1 < args.Length && args[i + 1] is "cpu" or "gpu")
        onGpu = args[++i] == "gpu";
    else if (args[i] == "--network" && i + 1 < args.Length
        && args[i + 1].Split(',').All(key => key == "all" || networks.Any(n => n.Key == key)))
        which = args[++i].Split(',');
    else if (args[i] is "--epochs" or "--batch" or "--threads" or "--samples" && i + 1 < args.Length
        && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0)
    {
        if (args[i] == "--epochs")
            epochs = n;
        else if (args[i] == "--batch")
            batch = n;
        else if (args[i] == "--samples")
            samplesToTrain = n;
        else
            threads = n;
        i++;
    }
    else
    {
        Console.Error.WriteLine(Usage);
        return 2;
    }
}
var cores = Environment.ProcessorCount;
var peakOne = FmaPeak.Measure(1);
var peakAll = FmaPeak.Measure(cores);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"netforge peak: gflops_1t={peakOne:F1} gflops_all={peakAll:F1} threads={cores} lanes={FmaPeak.Lanes}"));

using var gpu = onGpu ? GpuDevice.Open() : null;
var limitPeak = peakAll;
if (gpu is not null)
{
    // The device's own limit: a launch long enough to dwarf its overhead on a GPU, short on the CPU accelerator.
    limitPeak = gpu.Backend == GpuBackend.Cpu ? gpu.MeasureFmaPeak(1 << 12, 1 << 8) : gpu.MeasureFmaPeak(1 << 22, 1 << 12);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"netforge device: {gpu.Choice}; gflops={limitPeak:F1}"));
}

var (train, test) = FashionMnist.Load(data);
if (samplesToTrain is { } first)
    train = train.Take(Math.Min(first, train.Count));
foreach (var (key, name, create) in networks)
{
    if (!which.Contains(key) && !which.Contains("all"))
        continue;
    var network = create();
    using var placed = gpu is null ? null : Place(network, gpu);
    placed?.PlaceData(train);
    var trainer = new Trainer((INetwork?)placed ?? network, new Adam(1e-3f), new TrainerOptions { BatchSize = batch, Seed = 0, Log = null, Threads = threads });
    var history = trainer.Fit(train, epochs);
    // Accuracy and single predictions are measured on the CPU, where a single prediction belongs.
    var accuracy = network.Evaluate(test).Accuracy;
    var predictMicroseconds = TimePredict(network, test, threads);
    var epochSeconds = history.Average(e => e.Seconds);
    var samples = train.Count / batch * batch;
    var limitSeconds = EpochArithmetic.FlopsPerSample(network) * samples / (limitPeak * 1e9);
    var device = gpu is null ? "" : $" device=\"{gpu.Name}\" launches_per_step={placed!.LaunchesPerStep}";
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"netforge {name}: epoch_s={epochSeconds:F2} limit_s={limitSeconds:F3} ratio={epochSeconds / limitSeconds:F1} test_acc={accuracy:F4} predict1_us={predictMicroseconds:F1} threads={threads} batch={batch} epochs={epochs} weights={WeightsHash.Of(network)}{device}"));
}
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0):F0} MB"));
return 0;

// Each generated class has its own ToDevice, which places it with its kernels.
static DeviceNetwork Place(INetwork network, GpuDevice gpu) => network switch
{
    Mlp mlp => mlp.ToDevice(gpu),
    LeNet5 lenet5 => lenet5.ToDevice(gpu),
    ResidualNet residual => residual.ToDevice(gpu),
    VggNet vgg => vgg.ToDevice(gpu),
    _ => throw new ArgumentException($"No placement for {network.GetType().Name}.", nameof(network)),
};

// Mean time of one single-image prediction over 2,000 calls, after 50 calls of warm-up, on as many threads as the
// training used. The images are decoded from the data set's bytes first, so that only the predictions are timed.
static double TimePredict(INetwork network, Dataset test, int threads)
{
    const int Calls = 2000;
    using var scope = CpuThreads.Use(threads);
    var size = network.InputLength;
    var images = new float[Calls * size];
    for (var i = 0; i < Calls; i++)
        test.CopySample(i, images.AsSpan(i * size, size));
    var output = new float[network.OutputLength];
    for (var i = 0; i < 50; i++)
        network.Predict(images.AsSpan(i * size, size), output);
    var clock = Stopwatch.StartNew();
    for (var i = 0; i < Calls; i++)
        network.Predict(images.AsSpan(i * size, size), output);
    return clock.Elapsed.TotalMicroseconds / Calls;
}
