using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace NetForge.Kernels;

/// <summary>
/// GFLOP/s of a kernel call (its forward product's FLOP, twice that for a backward, which runs the weight and the
/// input products), or that as a fraction of the one-thread peak measured at the start.
/// </summary>
public sealed class ThroughputColumn(double peakGflops, bool fraction) : IColumn
{
    public string Id => fraction ? "PeakFraction" : "GFlops";
    public string ColumnName => fraction ? "of peak" : "GFLOP/s";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => fraction ? 1 : 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => fraction
        ? "GFLOP/s divided by this machine's one-thread fp32 FMA peak, measured at the start"
        : "the kernel's multiply-adds times two, per second";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var report = summary[benchmarkCase];
        if (report?.ResultStatistics is not { } statistics || benchmarkCase.Parameters["Shape"] is not KernelShape shape)
            return "-";
        // A read does no arithmetic to set beside the FMA peak.
        if (fraction && shape is ReadShape)
            return "-";
        var products = benchmarkCase.Descriptor.WorkloadMethod.Name == "Backward" ? 2 : 1;
        var gflops = shape.ForwardFlops * products / statistics.Mean;
        return fraction
            ? (gflops / peakGflops).ToString("P0", CultureInfo.InvariantCulture)
            : gflops.ToString("F1", CultureInfo.InvariantCulture);
    }
}
