namespace NetForge.Dsl.Tests;

/// <summary>The examples of docs/dsl.md, verbatim.</summary>
internal static class SpecExamples
{
    public const string LeNet5AndMlp = """
        # LeNet-5 for 28x28 grayscale images
        namespace Examples.FashionMnist

        network LeNet5 {
            input [1, 28, 28]
            conv2d(6, kernel: 5, padding: 2) -> relu -> maxpool(2)
            conv2d(16, kernel: 5) -> relu -> maxpool(2)
            flatten
            dense(120) -> relu
            dense(84) -> relu
            dense(10)
            loss softmax_cross_entropy
        }

        network Mlp {
            input [784]
            dense(256) -> relu
            dense(128) -> relu
            dense(10)
            loss softmax_cross_entropy
        }
        """;

    public const string ResidualTiny = """
        network ResidualTiny {
            input [1, 28, 28]
            stem: conv2d(16, kernel: 3, padding: 1) -> relu
            conv2d(16, kernel: 3, padding: 1) -> batchnorm -> relu
            conv2d(16, kernel: 3, padding: 1) -> batchnorm
            add(stem) -> relu
            maxpool(2)
            flatten
            dense(10)
            loss softmax_cross_entropy
        }
        """;
}
