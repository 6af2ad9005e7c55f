using Examples.FashionMnist;
using Examples.SineRegression;
using Examples.Spiral;

namespace NetForge.EndToEnd.Tests;

public sealed class FashionMnistData
{
    public FashionMnistData() => (Train, Test) = FashionMnist.Load();

    public Dataset Train { get; }

    public Dataset Test { get; }
}

public class ExampleTests(FashionMnistData data) : IClassFixture<FashionMnistData>
{
    [Fact]
    public void The_mlp_from_its_net_file_passes_0_835_after_one_epoch()
    {
        var report = FashionMnistTraining.Train("mlp", new Mlp(seed: 0), data.Train, data.Test, epochs: 1, log: null);

        Assert.True(report.Test.Accuracy >= 0.835, $"test accuracy {report.Test.Accuracy:F4}");
        Assert.Equal(10_000, report.Test.Count);
    }

    [Fact]
    public void The_mlp_from_attributes_passes_0_835_after_one_epoch()
    {
        var report = FashionMnistTraining.Train("mlp", new AttributeMlp(seed: 0), data.Train, data.Test, epochs: 1, log: null);

        Assert.True(report.Test.Accuracy >= 0.835, $"test accuracy {report.Test.Accuracy:F4}");
    }

    [Fact]
    public void Both_forms_start_from_the_same_parameters()
    {
        var fromFile = new Mlp(seed: 3);
        var fromAttributes = new AttributeMlp(seed: 3);

        Assert.Equal(fromFile.Parameters.Select(p => p.Name), fromAttributes.Parameters.Select(p => p.Name));
        for (var i = 0; i < fromFile.Parameters.Count; i++)
            Assert.Equal(fromFile.Parameters[i].Data, fromAttributes.Parameters[i].Data);
        Assert.NotEqual(new Mlp(seed: 4).Dense1Weight.Data, fromFile.Dense1Weight.Data);
    }

    [Fact]
    public void The_spiral_needs_the_non_linear_network()
    {
        var report = SpiralTraining.Run();

        Assert.True(report.Network >= 0.95, $"tanh network training accuracy {report.Network:F3}");
        Assert.True(report.Linear <= 0.60, $"linear classifier training accuracy {report.Linear:F3}");
    }

    [Fact]
    public void The_sine_fit_has_a_mean_squared_error_under_0_01()
    {
        var meanSquaredError = SineFit.Run();

        Assert.True(meanSquaredError <= 0.01, $"mean squared error {meanSquaredError:G4}");
    }
}
