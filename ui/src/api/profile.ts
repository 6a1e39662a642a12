// Where the data lives: this computer's SQLite file or a company MySQL / MariaDB.
import { call } from "./client";
import type { ConnectionCheck } from "./types/ConnectionCheck";
import type { MysqlProfileInput } from "./types/MysqlProfileInput";
import type { ProfileInfo } from "./types/ProfileInfo";

export const profileKeys = {
  all: ["profile"] as const,
  current: () => [...profileKeys.all, "current"] as const,
};

export const profile = {
  get: () => call<ProfileInfo>("profile_get"),
  useLocal: () => call<void>("profile_use_local"),
  testMysql: (input: MysqlProfileInput) => call<ConnectionCheck>("profile_test_mysql", { input }),
  saveMysql: (input: MysqlProfileInput) => call<ConnectionCheck>("profile_save_mysql", { input }),
};
