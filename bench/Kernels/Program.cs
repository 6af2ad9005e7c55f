using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using NetForge.Benchmark;
using NetForge.Kernels;

// Microbenchmarks of the CPU kernels at the shapes the benchmark's networks give them, each reported in GFLOP/s and as
// a fraction of this machine's one-thread FMA peak, measured first in the same run.
// Usage: dotnet run -c Release --project bench/Kernels -- [BenchmarkDotNet's arguments, e.g. --filter *Dense*]
var peak = FmaPeak.Measure(1);
Console.WriteLine(FormattableString.Invariant($"one-thread fp32 FMA peak: {peak:F1} GFLOP/s"));
var config = DefaultConfig.Instance.AddColumn(new ThroughputColumn(peak, fraction: false), new ThroughputColumn(peak, fraction: true));
BenchmarkSwitcher.FromAssembly(typeof(DenseKernels).Assembly).Run(args, config);
