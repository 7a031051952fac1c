namespace Weft.Api.Resources;

/// <summary>A port given either by number or by name (Kubernetes IntOrString).</summary>
public readonly record struct IntOrString
{
    private IntOrString(int number, string? name)
    {
        Number = number;
        Name = name;
    }

    public int Number { get; }

    public string? Name { get; }

    public bool IsName => Name is not null;

    public static IntOrString FromNumber(int number) => new(number, null);

    public static IntOrString FromName(string name) => new(0, name);

    public override string ToString() => Name ?? Number.ToString();
}
