using System.Management.Automation;

namespace ATTR35.Commands;

/// <summary>
/// The base of the cmdlets that check one pipeline item at a time (a domain, a smart host):
/// <see cref="CommandBase{TResult}"/> with -ThrottleLimit, how many items run at once.
/// </summary>
/// <typeparam name="TResult">The result type the cmdlet writes.</typeparam>
public abstract class CheckCommandBase<TResult> : CommandBase<TResult>
    where TResult : class
{
    /// <summary>Default for -ThrottleLimit. See the cmdlet help for why.</summary>
    public const int DefaultThrottleLimit = 32;

    /// <summary>
    /// <para type="description">How many pipeline items are checked at once. Output keeps input order. Default 32.</para>
    /// </summary>
    [Parameter]
    [ValidateRange(1, 1024)]
    public int ThrottleLimit { get; set; } = DefaultThrottleLimit;

    /// <inheritdoc/>
    protected override int Concurrency => ThrottleLimit;
}
