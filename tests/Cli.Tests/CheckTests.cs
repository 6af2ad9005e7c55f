using NetForge.Dsl;

namespace NetForge.Cli.Tests;

/// <summary><c>netforge check</c>: the build's diagnostics, in the compiler's format, and its exit codes.</summary>
public class CheckTests
{
    [Fact]
    public void Good_files_pass_with_exit_code_0_and_name_their_networks()
    {
        var lenet = NetForgeProcess.Example("FashionMnist", "models", "lenet5.net");
        var spiral = NetForgeProcess.Example("Spiral", "spiral.net");

        var result = NetForgeProcess.Run(NetForgeProcess.RepositoryRoot(), "check", lenet, spiral);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal([$"{lenet}: ok (1 network: LeNet5)", $"{spiral}: ok (2 networks: SpiralNet, LinearClassifier)"], result.OutputLines);
        Assert.Empty(result.Error);
    }

    [Fact]
    public void Errors_are_listed_file_by_file_at_their_line_and_column_and_the_exit_code_is_1()
    {
        using var directory = new TemporaryDirectory();
        directory.Write("shape.net", "network Bad {\n    input [1, 28, 28]\n    conv2d(6, kernel: 50)\n    dense(10)\n    loss softmax_cross_entropy\n}\n");
        directory.Write("syntax.net", "network Broken {\n    input [784]\n    dense(10 -> relu\n    loss softmax_cross_entropy\n}\n");
        directory.Write("two.net", "network Two {\n    input [784]\n    dense(0)\n    dropout(1.5)\n    loss softmax_cross_entropy\n}\n");
        directory.Write("good.net", "network Good {\n    input [2]\n    dense(3)\n    loss softmax_cross_entropy\n}\n");

        var result = NetForgeProcess.Run(directory.Path, "check", "shape.net", "syntax.net", "good.net", "two.net");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal(
        [
            "shape.net(3,5): error NF2003: conv2d(6, kernel: 50) needs an input of at least 50x50 but the previous layer yields [1, 28, 28]",
            "syntax.net(3,14): error NF1001: syntax error: unexpected '-'; expected ')'",
            "two.net(3,11): error NF2011: argument 'units' of dense(0) must be a whole number >= 1, not 0",
            "two.net(4,13): error NF2011: argument 'p' of dropout(1.5) must be a number >= 0 and < 1, not 1.5",
            "good.net: ok (1 network: Good)",
        ], result.OutputLines);
        Assert.Empty(result.Error);
    }

    [Fact]
    public void Its_lines_are_the_language_s_own_diagnostics_in_the_compiler_s_format()
    {
        using var directory = new TemporaryDirectory();
        var text = "network Many {\n    input [1, 10, 10]\n    conv2d(4, kernel: 3, stride: 0)\n    maxpool(20)\n    dense(-1)\n    add(nowhere)\n    loss softmax_cross_entropy\n}\n";
        directory.Write("many.net", text);

        var result = NetForgeProcess.Run(directory.Path, "check", "many.net");

        var expected = ModelCompiler.CompileFile("many.net", text).SelectMany(r => r.Diagnostics).Select(d => d.ToString()).ToArray();
        Assert.NotEmpty(expected);
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal(expected, result.OutputLines);
    }

    [Fact]
    public void A_weights_line_is_checked_against_its_file_as_the_build_checks_it()
    {
        using var directory = new TemporaryDirectory();
        File.Copy(NetForgeProcess.Example("Models", "lenet5.safetensors"), directory.File("lenet5.safetensors"));
        File.Copy(NetForgeProcess.Example("Models", "lenet5.net"), directory.File("lenet5.net"));
        directory.Write("misfit.net", "network Misfit {\n    input [1, 28, 28]\n    weights \"lenet5.safetensors\"\n    conv2d(8, kernel: 5, padding: 2)\n    flatten\n    dense(10)\n    loss softmax_cross_entropy\n}\n");

        var good = NetForgeProcess.Run(directory.Path, "check", "lenet5.net");
        var misfit = NetForgeProcess.Run(directory.Path, "check", "misfit.net");

        Assert.True(good.ExitCode == 0, good.ToString());
        Assert.Equal(["lenet5.net: ok (1 network: FashionLeNet5)"], good.OutputLines);
        Assert.Equal(1, misfit.ExitCode);
        Assert.Contains("misfit.net(3,5): error NF2034: tensor 'conv1.weight' is [8, 1, 5, 5] in network Misfit but [6, 1, 5, 5] in weights file 'lenet5.safetensors'", misfit.OutputLines);
    }

    [Fact]
    public void A_missing_file_is_one_line_on_standard_error_with_exit_code_1()
    {
        using var directory = new TemporaryDirectory();

        var result = NetForgeProcess.Run(directory.Path, "check", "absent.net");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["netforge: absent.net: no such file"], result.ErrorLines);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void An_unknown_command_or_option_is_one_line_with_exit_code_2()
    {
        var unknown = NetForgeProcess.Run(NetForgeProcess.RepositoryRoot(), "chek", "x.net");
        var option = NetForgeProcess.Run(NetForgeProcess.RepositoryRoot(), "summary", "x.net", "--batch", "0");

        Assert.Equal(2, unknown.ExitCode);
        Assert.Matches("^netforge: .*Unrecognized command or argument 'chek'.*\\(see netforge --help\\)$", Assert.Single(unknown.ErrorLines));
        Assert.Equal(2, option.ExitCode);
        Assert.Equal(["netforge: --batch takes a whole number of at least 1, not '0' (see netforge summary --help)"], option.ErrorLines);
    }
}
