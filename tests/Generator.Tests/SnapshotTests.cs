namespace NetForge.Generator.Tests;

public class SnapshotTests
{
    [Fact]
    public void The_mlp_from_a_net_file_generates_the_pinned_code_and_compiles()
    {
        var (result, output) = GeneratorHarness.Run([("models/mlp.net", Models.MlpFile)]);

        Assert.Empty(result.Diagnostics);
        Snapshot.Match(GeneratorHarness.Generated(result, "Examples.FashionMnist.Mlp.g.cs"), "Mlp");
        Snapshot.Match(GeneratorHarness.Generated(result, "Examples.FashionMnist.Mlp.Float64.g.cs"), "Mlp.Float64");
        Assert.Empty(GeneratorHarness.Errors(output));
    }

    [Fact]
    public void The_mlp_from_attributes_generates_the_pinned_code_and_compiles()
    {
        var (result, output) = GeneratorHarness.Run([], ("MlpFromAttributes.cs", Models.MlpAttributes));

        Assert.Empty(result.Diagnostics);
        Snapshot.Match(GeneratorHarness.Generated(result, "Examples.FashionMnist.MlpFromAttributes.g.cs"), "MlpFromAttributes");
        Assert.Empty(GeneratorHarness.Errors(output));
    }

    [Fact]
    public void Both_forms_of_one_network_generate_the_same_code_apart_from_its_name()
    {
        var (fromFile, _) = GeneratorHarness.Run([("models/mlp.net", Models.MlpFile)]);
        var (fromAttributes, _) = GeneratorHarness.Run([], ("MlpFromAttributes.cs", Models.MlpAttributes));

        var fileCode = GeneratorHarness.Generated(fromFile, "Examples.FashionMnist.Mlp.g.cs");
        var attributeCode = GeneratorHarness.Generated(fromAttributes, "Examples.FashionMnist.MlpFromAttributes.g.cs");
        Assert.Equal(fileCode, attributeCode.Replace("MlpFromAttributes", "Mlp"));
    }

    [Fact]
    public void Every_op_with_kernels_generates_the_same_code_in_both_forms()
    {
        var (fromFile, fileOutput) = GeneratorHarness.Run([("models/mixed.net", Models.MixedFile)]);
        var (fromAttributes, attributeOutput) = GeneratorHarness.Run([], ("MixedFromAttributes.cs", Models.MixedAttributes));

        Assert.Empty(fromFile.Diagnostics);
        Assert.Empty(fromAttributes.Diagnostics);
        var fileCode = GeneratorHarness.Generated(fromFile, "Examples.Mixed.Mixed.g.cs");
        Snapshot.Match(fileCode, "Mixed");
        Assert.Empty(GeneratorHarness.Errors(fileOutput));
        Assert.Empty(GeneratorHarness.Errors(attributeOutput));
        var attributeCode = GeneratorHarness.Generated(fromAttributes, "Examples.Mixed.MixedFromAttributes.g.cs");
        Assert.Equal(fileCode, attributeCode.Replace("MixedFromAttributes", "Mixed").Replace("internal sealed partial class", "public sealed partial class"));
    }

    [Fact]
    public void Dropout_batch_norm_and_maxout_generate_the_pinned_code_in_both_forms()
    {
        var (fromFile, fileOutput) = GeneratorHarness.Run([("models/regularised.net", Models.RegularisedFile)]);
        var (fromAttributes, attributeOutput) = GeneratorHarness.Run([], ("RegularisedFromAttributes.cs", Models.RegularisedAttributes));

        Assert.Empty(fromFile.Diagnostics);
        Assert.Empty(fromAttributes.Diagnostics);
        var fileCode = GeneratorHarness.Generated(fromFile, "Examples.Regularised.Regularised.g.cs");
        Snapshot.Match(fileCode, "Regularised");
        Assert.Empty(GeneratorHarness.Errors(fileOutput));
        Assert.Empty(GeneratorHarness.Errors(attributeOutput));
        var attributeCode = GeneratorHarness.Generated(fromAttributes, "Examples.Regularised.RegularisedFromAttributes.g.cs");
        Assert.Equal(fileCode, attributeCode.Replace("RegularisedFromAttributes", "Regularised"));
    }

    [Fact]
    public void Each_initialiser_generates_its_draw_with_its_formula_in_both_forms()
    {
        var (fromFile, fileOutput) = GeneratorHarness.Run([("models/initialised.net", Models.InitialisedFile)]);
        var (fromAttributes, attributeOutput) = GeneratorHarness.Run([], ("InitialisedFromAttributes.cs", Models.InitialisedAttributes));

        Assert.Empty(fromFile.Diagnostics);
        Assert.Empty(fromAttributes.Diagnostics);
        var fileCode = GeneratorHarness.Generated(fromFile, "Examples.Initialised.Initialised.g.cs");
        Snapshot.Match(fileCode, "Initialised");
        Assert.Empty(GeneratorHarness.Errors(fileOutput));
        Assert.Empty(GeneratorHarness.Errors(attributeOutput));
        var attributeCode = GeneratorHarness.Generated(fromAttributes, "Examples.Initialised.InitialisedFromAttributes.g.cs");
        Assert.Equal(fileCode, attributeCode.Replace("InitialisedFromAttributes", "Initialised"));
    }
}
