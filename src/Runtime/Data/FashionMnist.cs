namespace NetForge;

/// <summary>
/// Zalando's Fashion-MNIST: 60,000 training and 10,000 test images of 28×28 grey pixels in 10 garment classes,
/// as installed by the Debian package <c>dataset-fashion-mnist</c>.
/// </summary>
public static class FashionMnist
{
    /// <summary>Where the Debian package <c>dataset-fashion-mnist</c> installs the files.</summary>
    public const string DefaultDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>The mean pixel of the training images on the [0, 1] scale.</summary>
    public const float Mean = 0.2860f;

    /// <summary>The standard deviation of the training images' pixels on the [0, 1] scale.</summary>
    public const float StandardDeviation = 0.3530f;

    /// <summary>The names of the ten classes, by label, as Zalando gives them.</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>Loads the training and test sets: 784 standardised features per image, labels 0 to 9.</summary>
    /// <param name="directory">The directory that holds the four files; <see cref="DefaultDirectory"/> when null.</param>
    /// <exception cref="DatasetNotFoundException">The directory or one of the files is missing; the message says how to install them.</exception>
    /// <exception cref="InvalidDataException">A file is not valid, or images and labels do not match.</exception>
    public static (Dataset Train, Dataset Test) Load(string? directory = null) =>
        MnistFormat.Load(directory ?? DefaultDirectory, Mean, StandardDeviation, "Fashion-MNIST", Remedy);

    /// <summary>Loads only the 10,000 test images, standardised with the training set's mean and deviation as
    /// <see cref="Load"/> does: what an app that evaluates a trained network needs.</summary>
    /// <param name="directory">The directory that holds the files; <see cref="DefaultDirectory"/> when null.</param>
    /// <exception cref="DatasetNotFoundException">The directory or one of the two test files is missing.</exception>
    /// <exception cref="InvalidDataException">A file is not valid, or images and labels do not match.</exception>
    public static Dataset LoadTest(string? directory = null) =>
        MnistFormat.LoadTest(directory ?? DefaultDirectory, Mean, StandardDeviation, "Fashion-MNIST", Remedy);

    private static string Remedy =>
        FormattableString.Invariant($"Install the data set with `apt-get install dataset-fashion-mnist`, which puts it in {DefaultDirectory}, ") +
        "or pass the directory that holds the four files.";
}
