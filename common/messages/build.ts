// Messages of building BPF C (`ringscope build`, "Ringscope: Build BPF Program").
export {};
