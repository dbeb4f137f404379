DROP TABLE dossier_history;
DROP TABLE dossier_entries;
