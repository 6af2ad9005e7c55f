using NetForge;

namespace Examples.FashionMnist;

/// <summary>The same network as models/lenet5.net, declared with attributes.</summary>
[Network(1, 28, 28)]
[Conv2D(6, Kernel = 5, Padding = 2, Activation = Activation.ReLU)]
[MaxPool(2)]
[Conv2D(16, Kernel = 5, Activation = Activation.ReLU)]
[MaxPool(2)]
[Flatten]
[Dense(120, Activation = Activation.ReLU)]
[Dense(84, Activation = Activation.ReLU)]
[Dense(10)]
[Loss(LossKind.SoftmaxCrossEntropy)]
public partial class AttributeLeNet5;
