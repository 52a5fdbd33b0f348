package org.fractalis.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Test;

/**
 * The instance directory is the node's persistent configuration: a change made in the shell, a shell user and
 * the SSH host key survive a restart of {@code ./run}; HTTP listens on loopback unless configured otherwise.
 */
public class OperatorIT {
    private static final File CLIENT = new File(RunNode.ROOT, "karaf-distribution/target/assembly/bin/client");

    private RunNode node;

    @After
    public void stop() throws Exception {
        if (node != null) {
            node.stop();
        }
    }

    @Test
    public void shellChangesUsersAndHostKeySurviveARestart() throws Exception {
        int ssh = RunNode.freePort();
        Map<String, String> env = new HashMap<>();
        env.put("FRACTALIS_SSH_PORT", Integer.toString(ssh));
        env.put("FRACTALIS_SHELL_USER", "operator");
        env.put("FRACTALIS_SHELL_PASSWORD", "s3cret-pw");
        node = new RunNode("operator", env).start().awaitUp();

        // the command as an argument (ssh host 'help fractalis'): no terminal, so no pager swallowing the output
        String help = exec(ssh, "operator", "s3cret-pw", "help fractalis");
        assertTrue(help, help.contains("fractalis:job-list") && help.contains("fractalis:session-purge")
                && help.contains("Lists jobs"));

        String set = shell(ssh, "operator", "s3cret-pw",
                "config:property-set -p org.fractalis.core result.lifetime 4321");
        assertFalse(set, set.contains("Error"));
        File users = new File(node.instance, "etc/users.properties");
        String stored = Files.readString(users.toPath());
        assertFalse("the password is stored hashed", stored.contains("s3cret-pw"));
        byte[] hostKey = Files.readAllBytes(new File(node.instance, "etc/host.key").toPath());
        node.stop();

        // again, without the user in the environment: what the operator did is still there
        node.env.remove("FRACTALIS_SHELL_USER");
        node.env.remove("FRACTALIS_SHELL_PASSWORD");
        node.start().awaitUp();
        String got = shell(ssh, "operator", "s3cret-pw", "config:property-get -p org.fractalis.core result.lifetime");
        assertTrue(got, got.contains("4321"));
        assertArrayEquals("the SSH host key is kept", hostKey,
                Files.readAllBytes(new File(node.instance, "etc/host.key").toPath()));
        String refused = shell(ssh, "operator", "wrong-pw", "config:property-get -p org.fractalis.core result.lifetime");
        assertFalse(refused, refused.contains("4321"));
    }

    @Test
    public void httpListensOnLoopbackOnly() throws Exception {
        node = new RunNode("loopback", Map.of()).start().awaitUp();
        assertEquals(201, new Browser(node.base(), null).get("/misc/version").status());
        Optional<InetAddress> external = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress()).findFirst();
        if (external.isPresent()) { // a machine with only loopback has nothing to show here
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(external.get(), node.port), 2000);
                throw new AssertionError("HTTP answers on " + external.get() + ":" + node.port);
            } catch (IOException expected) {
                // refused: not listening there
            }
        }
    }

    /**
     * Runs one command given as the client's argument (an SSH exec channel, as {@code ssh host 'command'}). Stdin
     * stays open until the client ends: Karaf's client closes the channel as soon as it reads the end of its input.
     */
    private static String exec(int port, String user, String password, String command) throws Exception {
        Process p = new ProcessBuilder(CLIENT.getPath(), "-a", Integer.toString(port), "-h", "127.0.0.1", "-u", user,
                "-p", password, "-r", "3", command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue("the SSH client did not end", p.waitFor(60, TimeUnit.SECONDS));
        p.getOutputStream().close();
        return out.replaceAll("\u001B\\[[0-9;]*m", "");
    }

    /** Runs one command through Karaf's SSH client (stdin piped, as the non-interactive client needs). */
    private static String shell(int port, String user, String password, String command) throws Exception {
        Process p = new ProcessBuilder(CLIENT.getPath(), "-a", Integer.toString(port), "-h", "127.0.0.1", "-u", user,
                "-p", password, "-r", "3").redirectErrorStream(true).start();
        p.getOutputStream().write((command + "\nlogout\n").getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue("the SSH client did not end", p.waitFor(60, TimeUnit.SECONDS));
        return out.replaceAll("\u001B\\[[0-9;]*m", "");
    }
}
