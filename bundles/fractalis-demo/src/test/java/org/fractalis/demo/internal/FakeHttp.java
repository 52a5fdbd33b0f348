package org.fractalis.demo.internal;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** Minimal request and response fakes (dynamic proxies) for the methods the demo servlet uses. */
final class FakeHttp {
    private FakeHttp() {
    }

    static HttpServletRequest request(String method, String pathInfo, Map<String, String> headers) {
        return (HttpServletRequest) Proxy.newProxyInstance(FakeHttp.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getPathInfo" -> pathInfo;
                    case "getServletPath" -> "/demo";
                    case "getHeader" -> headers.get((String) args[0]);
                    case "getProtocol" -> "HTTP/1.1";
                    case "getDateHeader" -> -1L;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    /** A recorded response. */
    static final class Recorded {
        int status = 200;
        String contentType;
        int contentLength = -1;
        final Map<String, String> headers = new LinkedHashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();

        HttpServletResponse proxy() {
            ServletOutputStream out = new ServletOutputStream() {
                @Override
                public void write(int b) {
                    body.write(b);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    throw new UnsupportedOperationException();
                }
            };
            Map<String, Object> none = new HashMap<>();
            return (HttpServletResponse) Proxy.newProxyInstance(FakeHttp.class.getClassLoader(),
                    new Class<?>[] {HttpServletResponse.class}, (p, m, args) -> {
                        switch (m.getName()) {
                            case "setStatus", "sendError" -> status = (Integer) args[0];
                            case "setContentType" -> contentType = (String) args[0];
                            case "setContentLength" -> contentLength = (Integer) args[0];
                            case "setHeader" -> headers.put((String) args[0], (String) args[1]);
                            case "addHeader" -> headers.merge((String) args[0], (String) args[1], (a, b) -> a + ", " + b);
                            case "containsHeader" -> {
                                return headers.containsKey((String) args[0]);
                            }
                            case "getOutputStream" -> {
                                return out;
                            }
                            default -> throw new UnsupportedOperationException(m.getName());
                        }
                        return none.get("");
                    });
        }
    }
}
