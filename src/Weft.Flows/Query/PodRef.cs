namespace Weft.Flows.Query;

/// <summary>A pod named <c>namespace/name</c> as the CLI takes it.</summary>
public sealed record PodRef(string Namespace, string Name)
{
    public static bool TryParse(string? text, out PodRef? pod)
    {
        pod = null;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == text.Length - 1 || text.IndexOf('/', slash + 1) >= 0)
        {
            return false;
        }

        pod = new PodRef(text[..slash], text[(slash + 1)..]);
        return true;
    }

    public bool Matches(FlowEndpoint endpoint) =>
        endpoint.PodName is not null
        && string.Equals(endpoint.PodName, Name, StringComparison.Ordinal)
        && string.Equals(endpoint.Namespace, Namespace, StringComparison.Ordinal);

    public override string ToString() => $"{Namespace}/{Name}";
}
