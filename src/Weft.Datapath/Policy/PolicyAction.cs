namespace Weft.Datapath.Policy;

public enum PolicyAction
{
    Allow,

    /// <summary>Dropped and logged with <c>weft:D:&lt;rule&gt;</c>.</summary>
    Drop,

    /// <summary>Allowed, but an audit-mode policy would drop it: logged with <c>weft:A:&lt;rule&gt;</c>.</summary>
    Audit,
}
