namespace Weft.Cni.Spec;

/// <summary>The CNI_COMMAND verbs.</summary>
public enum CniCommand
{
    Add,
    Del,
    Check,
    Version,
    Gc,
    Status,
}
