namespace Weft.Api.Resources;

public enum RestartPolicy
{
    Always,
    OnFailure,
    Never,
}
