package org.fractalis.stats.deseq2;

/**
 * The input cannot be analysed by DESeq2: R's DESeq2 stops with an error for it. The message is the text of
 * R's error (e.g. {@code "every gene contains at least one zero, cannot compute log geometric means"}).
 */
public final class Deseq2Exception extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param message R's error text
     */
    public Deseq2Exception(String message) {
        super(message);
    }
}
