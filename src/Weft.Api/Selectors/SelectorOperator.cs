namespace Weft.Api.Selectors;

public enum SelectorOperator
{
    In,
    NotIn,
    Exists,
    DoesNotExist,
}
