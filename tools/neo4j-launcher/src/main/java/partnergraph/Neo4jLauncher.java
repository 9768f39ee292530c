package partnergraph;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.internal.helpers.HostnamePort;
import org.neo4j.io.ByteUnit;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

import sun.misc.Signal;

/**
 * Runs an embedded Neo4j Community DBMS with the Bolt connector on 127.0.0.1, for tests.
 *
 * <pre>
 *   java -cp 'target/classes:target/lib/*' partnergraph.Neo4jLauncher --port N --data DIR
 * </pre>
 *
 * <p>Auth is disabled, HTTP(S) connectors and usage reporting are off. Once the default
 * database is available, exactly one line {@code READY bolt://127.0.0.1:PORT} is printed to
 * stdout (with the actual port, so {@code --port 0} picks a free one). Everything else Neo4j
 * logs goes to DIR/logs or stderr. The process runs until its stdin reaches EOF or it gets
 * SIGTERM/SIGINT, then shuts the DBMS down cleanly and exits 0. Exit code 2 = bad arguments,
 * 1 = startup failure.
 */
public final class Neo4jLauncher {
    private static final String HOST = "127.0.0.1";

    private Neo4jLauncher() {}

    public static void main(String[] args) {
        // Keep stdout for the READY line only; route anything else printed there to stderr.
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        System.setOut(System.err);

        int port = -1;
        Path data = null;
        Duration startTimeout = Duration.ofMinutes(3);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--port" -> { port = parseIntArg(a, v); i++; }
                case "--data" -> { data = Path.of(requireArg(a, v)); i++; }
                case "--start-timeout" -> { startTimeout = Duration.ofSeconds(parseIntArg(a, v)); i++; }
                case "-h", "--help" -> { usage(); System.exit(0); }
                default -> { System.err.println("unknown argument: " + a); usage(); System.exit(2); }
            }
        }
        if (port < 0 || port > 65535 || data == null) {
            usage();
            System.exit(2);
        }

        CountDownLatch stop = new CountDownLatch(1);
        AtomicBoolean shutDown = new AtomicBoolean(false);
        DatabaseManagementService dbms;
        try {
            Files.createDirectories(data);
            dbms = new DatabaseManagementServiceBuilder(data.toAbsolutePath())
                    .setConfig(BoltConnector.enabled, true)
                    .setConfig(BoltConnector.listen_address, new SocketAddress(HOST, port))
                    .setConfig(BoltConnector.advertised_address, new SocketAddress(HOST, port))
                    .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                    .setConfig(HttpConnector.enabled, false)
                    .setConfig(HttpsConnector.enabled, false)
                    .setConfig(GraphDatabaseSettings.default_listen_address, new SocketAddress(HOST))
                    .setConfig(GraphDatabaseSettings.auth_enabled, false)
                    // dbms.usage_report.enabled: no phoning home.
                    .setConfig(GraphDatabaseSettings.udc_enabled, false)
                    .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(256))
                    .setConfig(GraphDatabaseSettings.memory_transaction_global_max_size, ByteUnit.mebiBytes(512))
                    .setConfig(GraphDatabaseSettings.memory_transaction_max_size, ByteUnit.mebiBytes(256))
                    .setConfig(GraphDatabaseSettings.keep_logical_logs, "false")
                    .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                    // Internal settings: the in-process "bolt-local" channel is not needed, and
                    // the default 5 s shutdown grace periods make every test session 10 s slower.
                    .setConfig(BoltConnectorInternalSettings.enable_local_connector, false)
                    .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1))
                    .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1))
                    .build();
        } catch (Throwable t) {
            System.err.println("Neo4jLauncher: failed to start Neo4j: " + t);
            t.printStackTrace(System.err);
            System.exit(1);
            return;
        }

        Runnable shutdown = () -> {
            if (shutDown.compareAndSet(false, true)) {
                try {
                    dbms.shutdown();
                } catch (Throwable t) {
                    System.err.println("Neo4jLauncher: error during shutdown: " + t);
                }
            }
        };
        // Backstop for any JVM exit we do not drive ourselves (e.g. SIGHUP).
        Runtime.getRuntime().addShutdownHook(new Thread(shutdown, "neo4j-launcher-shutdown"));
        // SIGTERM / SIGINT: wake the main thread, which shuts down and exits 0.
        for (String sig : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(sig), s -> stop.countDown());
            } catch (IllegalArgumentException e) {
                // Signal not available on this platform; the shutdown hook still covers it.
            }
        }

        try {
            GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
            if (!db.isAvailable(startTimeout.toMillis())) {
                throw new IllegalStateException("database not available after " + startTimeout);
            }
            try (var tx = db.beginTx()) {
                tx.execute("RETURN 1").close();
                tx.commit();
            }
            HostnamePort bound = ((GraphDatabaseAPI) db).getDependencyResolver()
                    .resolveDependency(ConnectorPortRegister.class)
                    .getLocalAddress(ConnectorType.BOLT);
            if (bound == null) {
                throw new IllegalStateException("Bolt connector did not register a port");
            }
            out.println("READY bolt://" + HOST + ":" + bound.getPort());
            out.flush();
        } catch (Throwable t) {
            System.err.println("Neo4jLauncher: Neo4j did not become ready: " + t);
            t.printStackTrace(System.err);
            shutdown.run();
            System.exit(1);
            return;
        }

        Thread stdinWatcher = new Thread(() -> {
            InputStream in = System.in;
            byte[] buf = new byte[256];
            try {
                while (in.read(buf) >= 0) {
                    // discard input; we only care about EOF
                }
            } catch (IOException e) {
                // treat a broken stdin like EOF
            }
            stop.countDown();
        }, "neo4j-launcher-stdin");
        stdinWatcher.setDaemon(true);
        stdinWatcher.start();

        awaitUninterruptibly(stop);
        System.err.println("Neo4jLauncher: shutting down");
        shutdown.run();
        System.err.println("Neo4jLauncher: stopped");
        System.exit(0);
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        while (true) {
            try {
                latch.await(1, TimeUnit.DAYS);
                if (latch.getCount() == 0) {
                    return;
                }
            } catch (InterruptedException e) {
                // keep waiting
            }
        }
    }

    private static String requireArg(String name, String value) {
        if (value == null) {
            System.err.println("missing value for " + name);
            usage();
            System.exit(2);
        }
        return value;
    }

    private static int parseIntArg(String name, String value) {
        try {
            return Integer.parseInt(requireArg(name, value));
        } catch (NumberFormatException e) {
            System.err.println("not a number for " + name + ": " + value);
            usage();
            System.exit(2);
            return -1;
        }
    }

    private static void usage() {
        System.err.println("usage: Neo4jLauncher --port N --data DIR [--start-timeout SECONDS]");
        System.err.println("  --port 0 picks a free port; the READY line shows the one chosen");
    }
}
