// Messages of the host check (`ringscope doctor`, "Ringscope: Check Host").
export {};
