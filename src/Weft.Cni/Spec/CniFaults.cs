using System.Diagnostics;

namespace Weft.Cni.Spec;

/// <summary>
/// Fault injection for crash-safety tests: when WEFT_CNI_FAULT names a point the process reaches, it kills
/// itself with SIGKILL there (no cleanup, no finally blocks), exactly like an OOM kill or a node crash.
/// </summary>
public static class CniFaults
{
    public const string Variable = "WEFT_CNI_FAULT";

    public static Action<string>? From(IReadOnlyDictionary<string, string> environment) =>
        environment.TryGetValue(Variable, out var armed) && armed.Length > 0
            ? point =>
            {
                if (point == armed)
                {
                    using var self = Process.GetCurrentProcess();
                    self.Kill();
                }
            }
            : null;
}
