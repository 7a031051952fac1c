namespace Weft.Local.Processes;

/// <summary>The signals the runtime sends. Values are the Linux signal numbers.</summary>
public enum ProcessSignal
{
    Kill = 9,
    Terminate = 15,
}
