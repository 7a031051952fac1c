namespace Weft.Api.Resources;

public enum SessionAffinity
{
    None,
    ClientIP,
}
