/**
 * Resolves how to reach a host the way ansible-core 2.14's ssh connection plugin and the OpenSSH client would:
 * {@link io.drover.connection.openssh.SshSpecResolver} rebuilds the {@code ssh} argument list ansible-core would run,
 * {@link io.drover.connection.openssh.OpenSshArgs} reads it as {@code ssh} does, and
 * {@link io.drover.connection.openssh.SshConfig} adds what ssh_config files say for the host. The result is a
 * {@link io.drover.connection.ConnectionSpec} the SSH transport connects with.
 */
package io.drover.connection.openssh;
