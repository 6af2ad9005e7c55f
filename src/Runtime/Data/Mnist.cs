namespace NetForge;

/// <summary>The classic MNIST handwritten digits: 60,000 training and 10,000 test images of 28×28 grey pixels.</summary>
public static class Mnist
{
    /// <summary>The mean pixel of the training images on the [0, 1] scale.</summary>
    public const float Mean = 0.1307f;

    /// <summary>The standard deviation of the training images' pixels on the [0, 1] scale.</summary>
    public const float StandardDeviation = 0.3081f;

    /// <summary>Loads the training and test sets: 784 standardised features per image, labels 0 to 9.</summary>
    /// <param name="directory">The directory that holds the four MNIST files.</param>
    /// <exception cref="DatasetNotFoundException">The directory or one of the files is missing.</exception>
    /// <exception cref="InvalidDataException">A file is not valid, or images and labels do not match.</exception>
    public static (Dataset Train, Dataset Test) Load(string directory) =>
        MnistFormat.Load(directory, Mean, StandardDeviation, "MNIST",
            "Put the four MNIST files there, each gzip-compressed with a .gz suffix or plain.");
}
