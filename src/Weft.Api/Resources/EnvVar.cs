namespace Weft.Api.Resources;

public sealed record EnvVar(string Name, string Value);
