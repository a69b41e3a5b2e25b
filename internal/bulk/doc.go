// Package bulk imports workers, permits, business trips, workers'
// documents, monthly report figures and contracts with customers from the
// CSV files and XLSX workbooks that HR departments already keep, for one
// employer or many at once.
//
// A file (or a sheet) holds one kind of record, one row each: workers,
// permits, trips, documents, figures or contracts; its kind is given, or
// named by the file's or sheet's name (работники, разрешения, командировки,
// документы, показатели, договоры; қызметкерлер, рұқсаттар, іссапарлар,
// құжаттар, көрсеткіштер, шарттар), or else told by its header row (Лист1,
// Sheet1, Парақ1). Its header
// row names the columns; each header is matched to a field of that kind by
// its built-in synonyms in English, Russian and Kazakh ("Табельный номер",
// "ИИН", "Дата окончания"), or by an explicit Mapping that names the header
// of a field. Permits, trips and documents refer to their worker by the
// worker's id (the personnel number, else the IIN, else the passport
// number), which must be in a workers file of the same import or, through
// Options.Known, already recorded.
//
// A documents file has the columns bin, worker, kind (a code such as
// passport, diploma, work_record, or the words HR files write: паспорт,
// диплом, трудовая книжка, справка с места работы; төлқұжат, еңбек
// кітапшасы), number, issued and expires. A figures file holds an
// employer's monthly report figures, a row a month: bin, month (2026-11,
// 11.2026, 11/2026, ноябрь 2026, қараша 2026, November 2026, or a day of
// the month), kz_trained, kz_replaced, kz_working and jobs_created, whole
// numbers ("Обучено граждан РК", "Создано рабочих мест"). A contracts file
// holds the employer's contracts with customers that its quota applications
// cite: bin, customer, number, date and region.
//
// A register, as HR offices and consultancies keep one, is a workers file
// with the columns of the worker's current permit (number, regions, issued,
// expires): each row is a worker and a permit, several rows of one worker
// its permits, and a worker with a permit in a register without a basis
// column is on basis permit. A register of several employers has a BIN
// column, and may name each employer and its size (Employer.Name, Size),
// with which an import creates an employer not recorded yet, and give its
// letterhead (address, phone, email, director and position), which Apply
// sets as it sets a worker's fields.
//
// CSV text is UTF-8 (with or without a byte-order mark), UTF-16 with a
// byte-order mark (Excel's "Unicode text") or Windows-1251 (Excel's CSV in
// a Russian or Kazakh Windows), its cells separated by semicolons, commas
// or tabs. Countries, regions and bases may be written as people write
// them, in three languages and the usual abbreviations; the names are data
// files under data/, each with its sources, and an unknown name is a
// problem that suggests the closest known ones.
//
// The import reads the files' syntax only: headers, cells into values
// (dates in the forms spreadsheets write them, categories, words in Russian,
// Kazakh or English translated to codes), the references between files and
// the keys rows are merged by. What the records may hold (required values,
// codes, identifiers' check digits, lengths, dates within range, a worker
// id used once) is for the one records validator, domain.Records.Validate,
// to say, as through every other door: Finish validates the records of each
// employer as the files give them, and Apply the records they are merged
// into, and each problem is placed at the cell that gave the value.
//
// An import is a dry run first: every problem in every file is collected,
// each at its file, sheet, row and column, and says what is wrong and what
// is expected. An import with any problem yields no records at all, so
// nothing is ever stored from input that was only partly understood; unknown
// columns are warnings unless the import is strict. A Batch without problems
// is merged into an employer's records by Apply, which matches workers by
// id, permits by number, trips by worker, first day and region, documents
// by worker, kind and number, monthly figures by month and contracts by
// number, so that importing the same file again changes nothing.
//
// Input is untrusted: a file may be large, broken or made to harm. The
// readers bound the file size, rows, columns and cell length, refuse text
// that is neither UTF-8 nor UTF-16 nor Windows-1251, check the sizes a workbook unpacks to before the XLSX
// reader sees it, and turn a panic inside that reader into a problem.
package bulk
