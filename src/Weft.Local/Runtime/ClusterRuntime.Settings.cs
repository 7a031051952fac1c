using Weft.Datapath.Policy;
using Weft.Local.State;

namespace Weft.Local.Runtime;

/// <summary>
/// The runtime's operating settings (<see cref="ClusterSettings"/>): read back on recovery, written before they take
/// effect, and compiled into every snapshot, so every node agent recompiles its policy datapath when one changes.
/// </summary>
public sealed partial class ClusterRuntime
{
    private ClusterSettings settings = ClusterSettings.Default;

    public ClusterSettings Settings => Volatile.Read(ref settings);

    /// <summary>
    /// Sets the cluster-wide policy mode. The setting is persisted first (a restarted daemon keeps it), then
    /// listeners are told, so the next snapshot carries it. False when the cluster was already in that mode.
    /// </summary>
    public async Task<bool> SetPolicyModeAsync(PolicyMode mode, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            var current = Settings;
            if (current.PolicyMode == mode)
            {
                return false;
            }

            var next = current with { PolicyMode = mode };
            JsonFile.Write(paths.SettingsFile, next);
            Volatile.Write(ref settings, next);
            OnChanged();
            return true;
        }
        finally
        {
            gate.Release();
        }
    }

    private void LoadSettings() => Volatile.Write(ref settings, JsonFile.Read<ClusterSettings>(paths.SettingsFile) ?? ClusterSettings.Default);
}
