namespace Weft.Cni.Spec;

/// <summary>Error codes from the CNI spec (SPEC.md "Error"); 0–99 are the spec's, 100+ are Weft's own.</summary>
public enum CniErrorCode
{
    IncompatibleVersion = 1,
    UnsupportedField = 2,
    UnknownContainer = 3,
    InvalidEnvironment = 4,
    IoFailure = 5,
    DecodeFailure = 6,
    InvalidConfig = 7,
    TryAgainLater = 11,

    /// <summary>STATUS (1.1.0): the plugin cannot service ADD requests.</summary>
    NotAvailable = 50,

    /// <summary>STATUS (1.1.0): not available, and existing containers may have limited connectivity.</summary>
    NotAvailableLimitedConnectivity = 51,

    /// <summary>Weft: every address of a range set is allocated.</summary>
    AddressesExhausted = 100,

    /// <summary>Weft: a kernel operation (link, address, route, sysctl) failed.</summary>
    KernelOperationFailed = 101,

    /// <summary>Weft: the IPAM plugin could not be run or returned something unusable.</summary>
    IpamDelegateFailed = 102,

    /// <summary>Weft: CHECK found the attachment not as ADD left it.</summary>
    CheckFailed = 103,

    /// <summary>Weft: a bug; the details carry the exception.</summary>
    InternalError = 199,
}
