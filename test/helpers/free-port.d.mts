/** A port in 20000–59999 free for TCP and UDP, with the `span - 1` ports after it free too (default span 2). */
export declare function freePort(span?: number): Promise<number>;
