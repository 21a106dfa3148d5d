package org.jisr.neo4j;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.QueryExecutionException;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * Runs Neo4j Community in this process with Bolt on the address that the configuration file names.
 *
 * <p>Arguments: the server's home folder (data, logs) and a neo4j.conf. The password of the user
 * "neo4j" comes from the environment variable JISR_NEO4J_PASSWORD (never from the command line,
 * which other users of the machine can read). Once Bolt listens, one line is printed on standard
 * output: "READY bolt://127.0.0.1:PORT". The server stops when standard input closes (its parent
 * went away) or on SIGTERM / SIGINT.
 */
public final class Launcher {
    private Launcher() {}

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: Launcher HOME_FOLDER NEO4J_CONF");
            System.exit(2);
        }
        String password = System.getenv("JISR_NEO4J_PASSWORD");
        if (password == null || password.length() < 8) {
            System.err.println("JISR_NEO4J_PASSWORD must hold a password of 8 characters or more");
            System.exit(2);
        }
        try {
            DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(Path.of(args[0]))
                    .loadPropertiesFromFile(Path.of(args[1]))
                    .build();
            Runtime.getRuntime().addShutdownHook(new Thread(dbms::shutdown));
            GraphDatabaseAPI system = (GraphDatabaseAPI) dbms.database("system");
            setPassword(system, password);
            int port = system.getDependencyResolver()
                    .resolveDependency(ConnectorPortRegister.class)
                    .getLocalAddress(ConnectorType.BOLT)
                    .getPort();
            System.out.println("READY bolt://127.0.0.1:" + port);
            System.out.flush();
        } catch (RuntimeException failure) {
            failure.printStackTrace();
            System.exit(1); // never left running half-started: Neo4j's own threads would keep the JVM alive
        }
        waitForEndOfInput(System.in);
        System.exit(0); // runs the shutdown hook
    }

    /** Sets the password of "neo4j" (a restart with the same password is not an error). */
    private static void setPassword(GraphDatabaseAPI system, String password) {
        try {
            system.executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
        } catch (QueryExecutionException refused) {
            if (!String.valueOf(refused.getMessage()).contains("Old password and new password cannot be the same")) {
                throw refused;
            }
        }
    }

    private static void waitForEndOfInput(InputStream input) {
        byte[] buffer = new byte[256];
        try {
            while (input.read(buffer) >= 0) {
                // nothing is expected on standard input: it only tells that the parent lives
            }
        } catch (IOException closed) {
            // the parent is gone
        }
    }
}
