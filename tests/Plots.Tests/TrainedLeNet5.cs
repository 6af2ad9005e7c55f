using Examples.Models;

namespace NetForge.Plots.Tests;

/// <summary>The shipped LeNet-5, trained on Fashion-MNIST by the main job, and the test images it is drawn on.</summary>
internal static class TrainedLeNet5
{
    // One copy a thread: a data set of bytes decodes each Sample into one buffer of its own, and test classes run in
    // parallel, so a shared copy would change a test's sample under it.
    private static readonly ThreadLocal<Dataset> TestImages = new(() => FashionMnist.LoadTest());

    public static Dataset Test => TestImages.Value!;

    public static FashionLeNet5 Network() => FashionLeNet5.Pretrained();

    /// <summary>The raw pixels of a test image, 0 to 255, undoing the standardisation.</summary>
    public static double[] Pixels(int index) =>
        Test.Sample(index).ToArray().Select(v => (v * FashionMnist.StandardDeviation + FashionMnist.Mean) * 255.0).ToArray();
}
