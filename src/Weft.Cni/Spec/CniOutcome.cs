namespace Weft.Cni.Spec;

/// <summary>What a verb produced: a result to print (ADD), nothing (DEL, CHECK, GC, STATUS), or an error.</summary>
public sealed record CniOutcome(CniResult? Result, CniError? Error)
{
    public static CniOutcome Empty { get; } = new(null, null);

    public static CniOutcome Success(CniResult result) => new(result, null);

    public static CniOutcome Failure(CniError error) => new(null, error);

    public bool Succeeded => Error is null;
}
