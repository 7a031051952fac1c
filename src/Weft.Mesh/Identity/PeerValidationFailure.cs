namespace Weft.Mesh.Identity;

/// <summary>Why a peer certificate was refused.</summary>
public enum PeerValidationFailure
{
    None,
    NoCertificate,
    NotYetValid,
    Expired,
    UntrustedChain,
    MissingSpiffeId,
    MalformedSpiffeId,
    WrongTrustDomain,
    IsCertificateAuthority,
    KeyUsage,
    ExtendedKeyUsage,
    UnexpectedIdentity,
}
