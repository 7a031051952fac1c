namespace Weft.Mesh.Identity;

/// <summary>Why the CA refused to sign a certificate signing request.</summary>
public enum IssueFailure
{
    /// <summary>Signed.</summary>
    None,

    /// <summary>The CSR is not valid DER PKCS#10 or its self-signature does not verify.</summary>
    MalformedRequest,

    /// <summary>The CSR does not carry exactly one SPIFFE URI SAN.</summary>
    MissingIdentity,

    /// <summary>The requested identity differs from the one the caller proved (pod token).</summary>
    IdentityMismatch,

    /// <summary>The key is not an ECDSA P-256/P-384 or RSA ≥ 2048 key.</summary>
    WeakKey,

    /// <summary>The CA could not be reached (the control plane is down); the caller retries later.</summary>
    Unavailable,
}
