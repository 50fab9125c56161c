/**
 * The {@code lambda-hook} commands ({@code check}, {@code serve}, {@code transform}): template loading and intrinsic
 * resolution, running the real hook wrapper on each function, and the text / JSON / SARIF / JUnit reports.
 *
 * <p>The top of the arrows: may use the hook package (and what it uses: {@code evaluation}, {@code rules},
 * {@code common}), {@code local} and {@code transform}; nothing uses it. Ships in the tool jar.
 */
package com.lambda.tracing.hook.cli;
