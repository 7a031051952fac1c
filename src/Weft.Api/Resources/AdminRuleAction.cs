namespace Weft.Api.Resources;

public enum AdminRuleAction
{
    Allow,
    Deny,
    Pass,
}
