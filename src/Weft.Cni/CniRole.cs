namespace Weft.Cni;

/// <summary>Which plugin a process acts as.</summary>
public enum CniRole
{
    /// <summary>The main plugin, type <c>weft</c>.</summary>
    Plugin,

    /// <summary>The IPAM plugin, type <c>weft-ipam</c>.</summary>
    Ipam,
}
