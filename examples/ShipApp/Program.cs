using System.Diagnostics;
using System.Globalization;
using System.Runtime.Intrinsics;
using Examples.Models;
using NetForge;

// Classifies Fashion-MNIST's 10,000 test images with the LeNet-5 compiled into the Examples.Models package and
// prints the accuracy. Usage: ShipApp [DATA DIRECTORY]
Dataset test;
try
{
    test = FashionMnist.LoadTest(args.Length > 0 ? args[0] : null);
}
catch (Exception e) when (e is DatasetNotFoundException or InvalidDataException)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}
var loaded = DateTime.Now;
var network = FashionLeNet5.Pretrained();
var first = network.Classify(test.Sample(0));
var now = DateTime.Now;
var start = Process.GetCurrentProcess().StartTime;

var correct = 0;
var clock = Stopwatch.StartNew();
for (var i = 0; i < test.Count; i++)
{
    if (network.Classify(test.Sample(i)) == test.Label(i))
        correct++;
}
clock.Stop();

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"first prediction {(now - start).TotalMilliseconds:F0} ms after the process started ({(loaded - start).TotalMilliseconds:F0} ms of it loading the test images): sample 0 is class {first}, labelled {test.Label(0)}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"vectors: 512-bit {Vector512.IsHardwareAccelerated}, 256-bit {Vector256.IsHardwareAccelerated}; {clock.Elapsed.TotalMicroseconds / test.Count:F1} µs per image"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"test_acc={(double)correct / test.Count:F4} over {test.Count} images"));
return 0;
