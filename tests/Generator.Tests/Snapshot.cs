using System.Runtime.CompilerServices;

namespace NetForge.Generator.Tests;

/// <summary>
/// Compares generated code with a checked-in <c>Snapshots/NAME.verified.cs</c>. On a mismatch it writes
/// <c>NAME.received.cs</c> beside it and fails; setting NETFORGE_ACCEPT_SNAPSHOTS=1 accepts the new text.
/// </summary>
internal static class Snapshot
{
    public static void Match(string actual, string name, [CallerFilePath] string callerPath = "")
    {
        var folder = Path.Combine(Path.GetDirectoryName(callerPath)!, "Snapshots");
        var verified = Path.Combine(folder, name + ".verified.cs");
        var received = Path.Combine(folder, name + ".received.cs");
        actual = actual.Replace("\r\n", "\n");
        if (Environment.GetEnvironmentVariable("NETFORGE_ACCEPT_SNAPSHOTS") == "1")
        {
            File.WriteAllText(verified, actual);
            File.Delete(received);
            return;
        }
        var expected = File.Exists(verified) ? File.ReadAllText(verified).Replace("\r\n", "\n") : null;
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }
        File.WriteAllText(received, actual);
        Assert.Fail(expected is null
            ? $"No snapshot {verified}; the generated code is in {received}. Review it, then rename it or rerun with NETFORGE_ACCEPT_SNAPSHOTS=1."
            : $"The generated code differs from {verified}; see {received} (diff the two). Rerun with NETFORGE_ACCEPT_SNAPSHOTS=1 to accept it.");
    }
}
