import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

/**
 * Deletes the RabbitMQ queues and exchanges a benchmark run created (all named with its own prefix).
 * {@code rabbitmqctl} lists them but cannot delete exchanges, hence this.
 *
 * <p>{@code java -cp amqp-client.jar:slf4j-api.jar Purge.java AMQP_URL PREFIX queue:NAME… exchange:NAME…}.
 * Names that do not start with {@code PREFIX.} are refused, so a mistake cannot touch anybody else's objects.
 */
public final class Purge {
    private Purge() {
    }

    public static void main(String[] args) throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setUri(args[0]);
        if ("/".equals(java.net.URI.create(args[0]).getPath())) {
            f.setVirtualHost("/"); // as the queue bundle reads a bare "/" (the AMQP URI spec would say vhost "")
        }
        f.setConnectionTimeout(5000);
        String prefix = args[1] + ".";
        int deleted = 0;
        try (Connection c = f.newConnection("fractalis-bench-purge")) {
            for (int i = 2; i < args.length; i++) {
                String kind = args[i].substring(0, args[i].indexOf(':'));
                String name = args[i].substring(kind.length() + 1);
                if (!name.startsWith(prefix)) {
                    throw new IllegalArgumentException(name + " does not start with " + prefix);
                }
                // a channel per object: a failed delete closes its channel
                try (Channel ch = c.createChannel()) {
                    if (kind.equals("queue")) {
                        ch.queueDelete(name);
                    } else {
                        ch.exchangeDelete(name);
                    }
                    deleted++;
                } catch (Exception e) {
                    System.err.println("could not delete " + kind + " " + name + ": " + e.getMessage());
                }
            }
        }
        System.out.println("deleted " + deleted + " of " + (args.length - 2));
    }
}
