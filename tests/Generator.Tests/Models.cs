namespace NetForge.Generator.Tests;

/// <summary>The benchmark's MLP in both forms, and a few other sources the tests share.</summary>
internal static class Models
{
    public const string MlpFile = """
        # The benchmark MLP.
        namespace Examples.FashionMnist

        network Mlp {
            input [784]
            dense(256) -> relu
            dense(128) -> relu
            dense(10)
            loss softmax_cross_entropy
        }
        """;

    public const string MlpAttributes = """
        using NetForge;

        namespace Examples.FashionMnist;

        [Network(784)]
        [Dense(256, Activation = Activation.ReLU)]
        [Dense(128, Activation = Activation.ReLU)]
        [Dense(10)]
        [Loss(LossKind.SoftmaxCrossEntropy)]
        public partial class MlpFromAttributes;
        """;
}
